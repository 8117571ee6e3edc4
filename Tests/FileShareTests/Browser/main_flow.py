"""The main flow of the web UI in headless Chromium, driven by Selenium:
log in, create a project, upload a file, create a share link, open it logged out, download.

Usage: main_flow.py BASE_URL EMAIL PASSWORD WORK_DIR   (BASE_URL must be on 127.0.0.1)
Prints 'browser flow passed' and exits 0 on success; anything else is a failure.
"""
import os
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

base, email, password, work = sys.argv[1:5]
if urllib.parse.urlparse(base).hostname != "127.0.0.1":
    sys.exit("refusing to browse anything but 127.0.0.1")

downloads = os.path.join(work, "downloads")
os.makedirs(downloads, exist_ok=True)
upload_path = os.path.join(work, "Angebot 2024.txt")
content = ("Angebot für ACME — Zeile\n" * 2000).encode("utf-8")
with open(upload_path, "wb") as f:
    f.write(content)

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--no-first-run", "--disable-domain-reliability",
             "--disable-client-side-phishing-detection", "--disable-features=OptimizationHints,MediaRouter",
             "--no-proxy-server", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]:
    options.add_argument(flag)
options.add_experimental_option("prefs", {
    "download.default_directory": downloads,
    "download.prompt_for_download": False,
    "safebrowsing.enabled": False,
})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 20)
try:
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})

    # Logged out, the home page sends us to the login form.
    driver.get(base + "/")
    wait.until(EC.url_to_be(base + "/login"))
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    wait.until(EC.presence_of_element_located((By.ID, "projects")))

    # Create a project; the UI opens it.
    form = driver.find_element(By.ID, "create-project")
    form.find_element(By.NAME, "name").send_keys("ACME Rahmenvertrag")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(EC.url_contains("/projects/"))
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "ACME Rahmenvertrag"))

    # Upload a file.
    upload = driver.find_element(By.ID, "upload-form")
    upload.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(upload_path)
    upload.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "files"), "Angebot 2024.txt"))

    # Create a share link for it and read the URL the page shows once.
    share = driver.find_element(By.ID, "share-form")
    share.find_element(By.NAME, "label").send_keys("Für ACME")
    share.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    link = wait.until(EC.visibility_of_element_located((By.ID, "link-result")))
    url = link.get_attribute("href")
    assert url.startswith(base + "/s/"), url

    # Log out (the cookie is HttpOnly, so drop it the way a fresh browser would) and open the link.
    driver.delete_all_cookies()
    driver.get(base + "/")
    wait.until(EC.url_to_be(base + "/login"))
    driver.get(url)
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Für ACME"))
    assert "Angebot 2024.txt" in driver.page_source
    driver.find_element(By.CSS_SELECTOR, "a.download").click()

    target = os.path.join(downloads, "Angebot 2024.txt")
    deadline = time.time() + 20
    while time.time() < deadline and not (os.path.exists(target) and os.path.getsize(target) == len(content)):
        time.sleep(0.2)
    with open(target, "rb") as f:
        downloaded = f.read()
    assert downloaded == content, "downloaded bytes differ"
    print("browser flow passed")
finally:
    driver.quit()
