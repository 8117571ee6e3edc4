"""A link locked by wrong passwords, unlocked with the project page's button in headless Chromium;
then the HTML pages a browser gets for a missing page and for a wrong method.

Usage: unlock_flow.py BASE_URL EMAIL PASSWORD PROJECT_ID LINK_ID WORK_DIR   (BASE_URL must be on 127.0.0.1)
Prints 'unlock flow passed' and exits 0 on success; anything else is a failure.
"""
import sys
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

base, email, password, project_id, link_id = sys.argv[1:6]
if urllib.parse.urlparse(base).hostname != "127.0.0.1":
    sys.exit("refusing to browse anything but 127.0.0.1")

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--no-first-run", "--disable-domain-reliability",
             "--disable-client-side-phishing-detection", "--disable-features=OptimizationHints,MediaRouter",
             "--no-proxy-server", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 20)
unlock = f"button[data-post='/api/projects/{project_id}/links/{link_id}/unlock']"
try:
    driver.get(base + "/login")
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    wait.until(EC.presence_of_element_located((By.ID, "projects")))

    # The project page shows the lock and offers the button; clicking it reloads the page unlocked.
    driver.get(f"{base}/projects/{project_id}")
    wait.until(EC.text_to_be_present_in_element((By.ID, "links"), "locked by wrong passwords until"))
    driver.find_element(By.CSS_SELECTOR, unlock).click()
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, unlock))
    wait.until(EC.presence_of_element_located((By.ID, "links")))
    links = driver.find_element(By.ID, "links").text
    assert "locked by wrong passwords" not in links, links
    assert "active" in links, links

    # A page that is not there: a small HTML page, not JSON.
    driver.get(f"{base}/projects/{project_id}/no-such-tab")
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Not found"))
    assert driver.find_element(By.CSS_SELECTOR, "main a[href='/']").text == "Back to projects"

    # A wrong method on a page (a browser's form would do this): 405 as HTML, with Allow.
    request = urllib.request.Request(base + "/login", method="POST", data=b"x=1")
    try:
        urllib.request.urlopen(request)
        sys.exit("POST /login was accepted")
    except urllib.error.HTTPError as error:
        assert error.code == 405, error.code
        assert error.headers["Allow"] == "GET, HEAD", error.headers["Allow"]
        assert error.headers["Content-Type"] == "text/html; charset=utf-8", error.headers["Content-Type"]
        assert "<h1>Not allowed</h1>" in error.read().decode("utf-8")
    print("unlock flow passed")
finally:
    driver.quit()
