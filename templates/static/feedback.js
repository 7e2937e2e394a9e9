// "Was this helpful?" without a page reload. Without this script the form posts and the server
// answers with the article again and a thank-you; with it, the vote goes to the JSON API.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.feedback-form");
  if (!form) return;
  const note = document.querySelector(".feedback-note");
  const reasonBox = form.querySelector(".feedback-reason");
  const noButton = form.querySelector('button[value="no"]');
  // The reason is asked only after "No": hide it until then.
  reasonBox.hidden = true;

  const messages = {
    202: "Thank you for your feedback.",
    409: "You already told us about this article today. Thank you!",
    429: "Too many votes from your network just now. Please try again in a minute.",
  };

  async function send(helpful) {
    const body = { helpful, language: form.dataset.language };
    if (!helpful) body.reason = form.elements.reason.value;
    let text;
    try {
      const response = await fetch(form.dataset.api, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      text = messages[response.status];
      if (response.status === 202 || response.status === 409) form.remove();
    } catch (error) {
      text = undefined;
    }
    note.textContent = text || "We could not record your vote just now. Please try again later.";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const helpful = event.submitter ? event.submitter.value === "yes" : true;
    if (!helpful && reasonBox.hidden) {
      reasonBox.hidden = false;
      noButton.textContent = "Send";
      form.elements.reason.focus();
      return;
    }
    send(helpful);
  });
});
