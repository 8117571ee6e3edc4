/// The web UI's one script and one style sheet, served from `/static/` so the CSP can forbid
/// every inline script and style.
enum WebAssets {
    static let script = #"""
    "use strict";
    async function api(method, url, body, raw) {
      const headers = { "X-CSRF": "1" };
      let payload = body;
      if (!raw && body !== undefined) { headers["Content-Type"] = "application/json"; payload = JSON.stringify(body); }
      if (raw) { headers["Content-Type"] = raw; }
      const response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
      const text = await response.text();
      let data = null;
      try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
      if (!response.ok) { throw new Error(data && data.error ? data.error.message : "HTTP " + response.status); }
      return data;
    }
    function formObject(form) {
      const object = {};
      for (const element of form.elements) {
        if (!element.name || element.type === "submit" || element.type === "file") continue;
        if (element.type === "checkbox") { object[element.name] = element.checked; continue; }
        if (element.value === "") continue;
        if (element.dataset.type === "number") object[element.name] = Number(element.value);
        else if (element.dataset.type === "bool") object[element.name] = element.value === "true";
        else object[element.name] = element.value;
      }
      return object;
    }
    function showError(form, error) {
      let box = form.querySelector(".error");
      if (!box) { box = document.createElement("p"); box.className = "error"; form.appendChild(box); }
      box.textContent = error.message;
    }
    document.addEventListener("DOMContentLoaded", () => {
      for (const form of document.querySelectorAll("form[data-json]")) {
        form.addEventListener("submit", async (event) => {
          event.preventDefault();
          try {
            const result = await api(form.dataset.method || "POST", form.dataset.json, formObject(form));
            const then = form.dataset.then || "reload";
            if (then === "show-link") {
              const out = document.getElementById("link-result");
              out.textContent = result.url; out.href = result.url; out.hidden = false;
            } else if (then.startsWith("go:")) { window.location.assign(then.slice(3)); }
            else if (then === "open-project") { window.location.assign("/projects/" + result.id); }
            else { window.location.reload(); }
          } catch (error) { showError(form, error); }
        });
      }
      for (const form of document.querySelectorAll("form[data-upload]")) {
        form.addEventListener("submit", async (event) => {
          event.preventDefault();
          const input = form.querySelector("input[type=file]");
          const folder = form.querySelector("input[name=folder]");
          if (!input.files.length) return;
          try {
            for (const file of input.files) {
              let url = form.dataset.upload + "?name=" + encodeURIComponent(file.name);
              if (folder && folder.value) url += "&folder=" + encodeURIComponent(folder.value);
              await api("POST", url, file, file.type || "application/octet-stream");
            }
            window.location.reload();
          } catch (error) { showError(form, error); }
        });
      }
      for (const button of document.querySelectorAll("button[data-delete]")) {
        button.addEventListener("click", async () => {
          try { await api("DELETE", button.dataset.delete); window.location.reload(); }
          catch (error) { alert(error.message); }
        });
      }
      for (const button of document.querySelectorAll("button[data-post]")) {
        button.addEventListener("click", async () => {
          try { await api("POST", button.dataset.post); window.location.reload(); }
          catch (error) { alert(error.message); }
        });
      }
      const logout = document.getElementById("logout");
      if (logout) logout.addEventListener("click", async () => {
        try { await api("POST", "/api/auth/logout"); } finally { window.location.assign("/login"); }
      });
    });
    """#

    static let styles = """
    body { font-family: system-ui, sans-serif; margin: 0; color: #1d2433; background: #f6f7f9; }
    header { display: flex; justify-content: space-between; align-items: center; padding: .75rem 1.5rem; background: #1d2433; }
    header a, header button { color: #fff; text-decoration: none; margin-left: 1rem; }
    header button { background: none; border: 1px solid #fff; border-radius: 4px; cursor: pointer; }
    .brand { font-weight: 700; margin-left: 0; }
    main { max-width: 960px; margin: 1.5rem auto; padding: 0 1rem; }
    table { width: 100%; border-collapse: collapse; background: #fff; margin-bottom: 1.5rem; }
    th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #e3e6eb; }
    form.card, section.card { background: #fff; padding: 1rem; border-radius: 6px; margin-bottom: 1.5rem; }
    label { display: block; margin-bottom: .5rem; }
    input, select, button { font: inherit; padding: .3rem .5rem; }
    .error { color: #b3261e; }
    .muted { color: #667085; }
    """
}
