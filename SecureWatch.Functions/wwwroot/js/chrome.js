// The header and API-key form every page shares, written once here rather than repeated in each HTML file.
const PAGES = [
  ["index.html", "Live monitor"],
  ["dashboard.html", "Dashboard"],
  ["settings.html", "Settings"],
];

const KEY_FORM = `
  <form id="key-form" class="card key-form" hidden>
    <h1>API key</h1>
    <p>Enter a SecureWatch API key (reader or admin). It is kept for this browser tab only.</p>
    <input type="password" name="key" autocomplete="off" required placeholder="x-functions-key" aria-label="API key">
    <button type="submit">Use key</button>
    <p class="error" role="alert"></p>
  </form>`;

export function renderChrome() {
  const current = location.pathname.split("/").pop() || "index.html";
  const links = PAGES.map(([href, label]) =>
    `<a href="${href}"${href === current ? ' aria-current="page"' : ""}>${label}</a>`).join("");
  document.body.insertAdjacentHTML("afterbegin", `
  <header>
    <span class="brand">SecureWatch</span>
    <nav>${links}</nav>
    <button id="forget-key" type="button" class="link" hidden>Forget key</button>
  </header>${KEY_FORM}`);
}
