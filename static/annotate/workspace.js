// The workspace's browser side: text selection to offsets, hotkeys, and visible errors.
// Offsets sent to the server are UTF-16 code units over #article-text's text, which is exactly
// the article's text; the server converts them to code points and checks the quote.

const workspace = document.getElementById("workspace");
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const pending = new Map(); // selection+type -> idempotency key, so a repeated press reuses it

const textBox = () => document.getElementById("article-text");
const claimUrl = (id) => workspace.dataset.claimUrl.replace("/0/", `/${id}/`);

function newKey() {
  if (window.crypto?.randomUUID) return window.crypto.randomUUID();
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The selected text as UTF-16 offsets into the article, trimmed of surrounding whitespace.
export function selectionOffsets() {
  const selection = window.getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const box = textBox();
  if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.setStart(box, 0);
  before.setEnd(range.startContainer, range.startOffset);
  let start = before.toString().length;
  const raw = range.toString();
  let end = start + raw.length;
  start += raw.length - raw.trimStart().length;
  end -= raw.length - raw.trimEnd().length;
  const quote = raw.trim();
  return quote ? { start, end, quote } : null;
}

function notice(message) {
  const box = document.getElementById("notice");
  box.replaceChildren();
  const span = document.createElement("span");
  span.className = "error";
  span.setAttribute("role", "alert");
  span.textContent = message;
  box.append(span);
}

function post(url, values) {
  return htmx.ajax("POST", url, {
    values,
    swap: "none",
    source: workspace,
    headers: { "X-CSRFToken": csrf },
  });
}

function createClaim(claimType) {
  const span = selectionOffsets();
  if (!span) {
    notice("Select some words of the article first.");
    return;
  }
  const signature = `${span.start}:${span.end}:${claimType}`;
  if (!pending.has(signature)) pending.set(signature, newKey());
  const request = post(workspace.dataset.createUrl, {
    ...span,
    claim_type: claimType,
    idempotency_key: pending.get(signature),
  });
  request.then(() => {
    pending.delete(signature);
    window.getSelection().removeAllRanges();
  });
}

// Claims in text order, as the list shows them.
const listed = () => Array.from(document.querySelectorAll("#claim-list li[data-claim]"));
const selectedItem = () => document.querySelector("#claim-list li.selected");

function openClaim(id) {
  htmx.ajax("GET", claimUrl(id), { swap: "none", source: workspace });
}

function deleteSelected() {
  const item = selectedItem();
  if (!item || !window.confirm("Delete this claim with its sources and links?")) return;
  post(`${claimUrl(item.dataset.claim)}delete/`, { version: item.dataset.version });
}

function step(delta) {
  const items = listed();
  if (!items.length) return;
  const index = items.indexOf(selectedItem());
  const next = items[Math.min(items.length - 1, Math.max(0, index + delta))] ?? items[0];
  openClaim(next.dataset.claim);
}

function retype(claimType) {
  const form = document.getElementById("claim-form");
  if (!form) return false;
  form.querySelector("[name=claim_type]").value = claimType;
  htmx.trigger(form, "submit");
  return true;
}

function takeCue() {
  const span = selectionOffsets();
  const form = document.getElementById("source-form");
  if (!form) {
    notice("Open a claim first (click it, or j/k), then mark its cue.");
    return;
  }
  if (!span) {
    notice("Select the attributing words in the text first, e.g. “nach Angaben der KCNA”.");
    return;
  }
  form.querySelector("#cue-start").value = span.start;
  form.querySelector("#cue-end").value = span.end;
  form.querySelector("#cue-quote").value = span.quote;
  form.querySelector("#cue-text").textContent = `“${span.quote}”`;
  window.getSelection().removeAllRanges();
}

function startSource(focus = true) {
  const search = document.getElementById("source-search");
  if (!search) {
    const item = selectedItem();
    if (item) openClaim(item.dataset.claim);
    return;
  }
  document.getElementById("sources").scrollIntoView({ block: "nearest" });
  if (focus) search.focus();
}

function openLinks() {
  const item = selectedItem();
  if (!item) {
    notice("Open a claim first (click it, or j/k), then press l to link it.");
    return;
  }
  htmx.ajax("GET", `${claimUrl(item.dataset.claim)}links/`, { swap: "none", source: workspace });
}

function closeLinks() {
  const panel = document.getElementById("link-panel");
  if (!panel || panel.hidden) return false;
  panel.hidden = true;
  panel.replaceChildren();
  return true;
}

// On a focused candidate: its relation's key links it; j/k (or arrows) move between candidates.
function candidateKey(event, candidate) {
  if (["j", "k", "ArrowDown", "ArrowUp"].includes(event.key)) {
    const step = event.key === "j" || event.key === "ArrowDown" ? "nextElementSibling"
      : "previousElementSibling";
    candidate[step]?.focus();
    return true;
  }
  const button = candidate.querySelector(`[data-relation][data-hotkey="${event.key}"]`);
  if (!button) return false;
  post(`${claimUrl(selectedItem().dataset.claim)}links/new/`, {
    to_claim: candidate.dataset.candidate,
    relation: button.dataset.relation,
    note: document.getElementById("link-note")?.value ?? "",
  });
  return true;
}

function closeEditor() {
  const item = selectedItem();
  window.getSelection().removeAllRanges();
  document.getElementById("hotkeys").close();
  if (!item) return;
  const editor = document.getElementById("claim-editor");
  editor.querySelectorAll("form, fieldset, blockquote").forEach((node) => node.remove());
  document.querySelectorAll(".selected").forEach((node) => node.classList.remove("selected"));
  document.getElementById("selected-claim").value = "";
}

function extendSelection(event) {
  const selection = window.getSelection();
  if (!selection.rangeCount || !textBox().contains(selection.anchorNode)) return false;
  const direction = event.key === "ArrowRight" ? "forward" : "backward";
  selection.modify("extend", direction, event.ctrlKey || event.altKey ? "word" : "character");
  return true;
}

const typing = (target) =>
  target.closest("input, textarea, select, [contenteditable]") !== null;

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    if (!closeLinks()) closeEditor();
    return;
  }
  if (typing(event.target) || event.metaKey) return;
  const candidate = event.target.closest?.("#link-panel li[data-candidate]");
  if (candidate && !event.ctrlKey && !event.altKey && candidateKey(event, candidate)) {
    event.preventDefault();
    return;
  }
  if (event.shiftKey && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
    if (extendSelection(event)) event.preventDefault();
    return;
  }
  if (event.ctrlKey || event.altKey) return;
  const typeButton = /^[1-9]$/.test(event.key)
    ? document.querySelector(`[data-claim-type][data-hotkey="${event.key}"]`)
    : null;
  const actions = {
    j: () => step(1),
    k: () => step(-1),
    e: () => selectedItem() && openClaim(selectedItem().dataset.claim),
    s: () => startSource(),
    c: () => takeCue(),
    l: () => openLinks(),
    u: () => document.getElementById("undo-delete") && post(workspace.dataset.undoUrl, {}),
    Delete: deleteSelected,
    "?": () => document.getElementById("hotkeys").showModal(),
  };
  if (typeButton) {
    event.preventDefault();
    if (selectionOffsets() || !retype(typeButton.dataset.claimType)) {
      createClaim(typeButton.dataset.claimType);
    }
  } else if (actions[event.key]) {
    event.preventDefault();
    actions[event.key]();
  }
});

// Keep the text selection when a toolbar button is pressed with the mouse.
document.addEventListener("mousedown", (event) => {
  if (event.target.closest("[data-claim-type], [data-action=take-cue]")) event.preventDefault();
});

document.addEventListener("click", (event) => {
  const target = event.target;
  const typeButton = target.closest("[data-claim-type]");
  if (typeButton) return createClaim(typeButton.dataset.claimType);
  const action = target.closest("[data-action]")?.dataset.action;
  if (action === "help") return document.getElementById("hotkeys").showModal();
  if (action === "take-cue") return takeCue();
  if (action === "close-editor") return closeEditor();
  if (action === "close-links") return closeLinks();
  if (action === "pick-source") return pickSource(target.closest("[data-action]"));
  if (action === "cite") return cite(target.closest("[data-action]"));
  const mark = target.closest("mark.claim, #claim-list li[data-claim]");
  if (mark && window.getSelection().isCollapsed) {
    // the innermost highlight under the pointer (or the list item) is the claim clicked
    openClaim(mark.dataset.claim);
  }
});

function pickSource(button) {
  const form = document.getElementById("source-form");
  form.querySelector("#source-id").value = button.dataset.entity;
  form.querySelector("#source-name").textContent = button.dataset.name;
  form.querySelector("#source-search").value = "";
  document.getElementById("source-options").replaceChildren();
  const kind = { agency: "news_agency", outlet: "other_media", person: "official_person",
                 organisation: "government_body" }[button.dataset.kind];
  if (kind) form.querySelector("#source-kind").value = kind;
}

function cite(button) {
  const form = document.getElementById("source-form");
  form.querySelector("#cited-by").value = button.dataset.attribution;
  const note = form.querySelector("#citing-note");
  note.textContent = `Adding the source that ${button.dataset.name} cites.`;
  note.hidden = false;
  startSource();
}

document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});

// A request that failed without an answer we can show: say so, keep the page as it is.
document.body.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  notice(
    status === 404
      ? "Not found: it may have been deleted, or you may not see it."
      : `Not saved: the server answered ${status}. What you typed is still here; try again.`,
  );
});
document.body.addEventListener("htmx:sendError", () => {
  notice("Not saved: the server cannot be reached. What you typed is still here; try again.");
});

// After a claim is opened or created, bring its highlight into view; an opened link panel
// takes the focus on its first candidate, so its relation keys work at once.
document.body.addEventListener("htmx:oobAfterSwap", (event) => {
  const target = event.detail.target;
  if (target?.id === "link-panel" && !target.hidden && !typing(document.activeElement)) {
    target.querySelector("li[data-candidate]")?.focus();
    target.scrollIntoView({ block: "nearest" });
  }
  if (target?.id !== "claim-editor") return;
  const id = document.getElementById("selected-claim")?.value;
  const mark = id && document.getElementById(`claim-${id}-start`);
  if (mark) mark.scrollIntoView({ block: "nearest" });
});

workspace.dataset.ready = "true";
