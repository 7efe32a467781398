// Progress for long transfers: the export download is read as a stream (bytes received, and the
// articles the server said it will send), the import upload reports htmx's upload progress.

function formatBytes(bytes) {
  const units = ["B", "kB", "MB", "GB"];
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit += 1;
  }
  return `${size.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

function filename(response) {
  const header = response.headers.get("Content-Disposition") || "";
  const match = header.match(/filename="([^"]+)"/);
  return match ? match[1] : "export";
}

async function download(form, button) {
  const box = form.querySelector("#export-progress");
  const bar = box.querySelector("progress");
  const status = box.querySelector(".transfer-status");
  const query = new URLSearchParams(new FormData(form)).toString();
  box.hidden = false;
  bar.removeAttribute("value");
  status.textContent = "Preparing…";
  button.disabled = true;
  try {
    const response = await fetch(`${form.dataset.download}?${query}`, { credentials: "same-origin" });
    if (!response.ok) {
      status.textContent = `Refused (${response.status}). Reload the page to see why.`;
      return;
    }
    const articles = response.headers.get("X-Export-Articles");
    const reader = response.body.getReader();
    const parts = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.length;
      status.textContent = `${formatBytes(received)} received (${articles} articles)…`;
    }
    bar.max = 1;
    bar.value = 1;
    status.textContent = `Done: ${formatBytes(received)}.`;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob(parts, { type: response.headers.get("Content-Type") }));
    link.download = filename(response);
    document.body.append(link);
    link.click();
    link.remove();
  } catch (error) {
    status.textContent = `The download broke off: ${error.message}. Nothing is lost; try again.`;
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("#export-download");
  if (!button || !window.ReadableStream) return;
  event.preventDefault();
  download(button.form, button);
});

document.addEventListener("htmx:xhr:progress", (event) => {
  const box = document.querySelector("#import-progress");
  if (!box || !event.detail.lengthComputable) return;
  box.hidden = false;
  const percent = Math.round((event.detail.loaded / event.detail.total) * 100);
  box.querySelector("progress").value = percent;
  box.querySelector(".transfer-status").textContent =
    percent < 100 ? `Uploading: ${percent} %` : "Uploaded; reading and checking every line…";
});
