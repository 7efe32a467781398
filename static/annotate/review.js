// The review screen's keys. On a focused row: 1–9 accept that annotator's version,
// x reject the row's undecided versions, e open the correction form, j/k move between rows.
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const rows = () => Array.from(document.querySelectorAll("#review-table tr.review-row"));
const typing = (target) => target.closest("input, textarea, select, [contenteditable]") !== null;

function decide(version, decision) {
  const url = version.querySelector(`[data-decision="${decision}"]`).getAttribute("hx-post");
  const comment = version.querySelector("input.comment")?.value ?? "";
  return htmx.ajax("POST", url, {
    values: { decision, version: version.dataset.version, comment },
    swap: "none",
    source: version,
    headers: { "X-CSRFToken": csrf },
  });
}

let focused = 0;

document.addEventListener("keydown", async (event) => {
  if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
  const row = event.target.closest?.("tr.review-row");
  const all = rows();
  if (event.key === "j" || event.key === "k") {
    const index = row ? all.indexOf(row) : -1;
    const next = all[Math.min(all.length - 1, Math.max(0, index + (event.key === "j" ? 1 : -1)))];
    next?.focus();
    event.preventDefault();
    return;
  }
  if (!row) return;
  focused = all.indexOf(row);
  if (/^[1-9]$/.test(event.key)) {
    const version = row.querySelector(`.version[data-column="${event.key}"]`);
    if (version) decide(version, "accept");
  } else if (event.key === "x") {
    for (const version of row.querySelectorAll(".version.status-draft, .version.status-submitted")) {
      await decide(version, "reject");
    }
  } else if (event.key === "e") {
    const details = row.querySelector("details.correct");
    if (details) {
      details.open = true;
      details.querySelector("select")?.focus();
    }
  } else {
    return;
  }
  event.preventDefault();
});

// After a decision the table is drawn again: keep the keyboard on the same row.
document.body.addEventListener("htmx:oobAfterSwap", (event) => {
  if (event.detail.target?.id === "review-table") rows()[focused]?.focus();
});

document.body.dataset.reviewReady = "true";
