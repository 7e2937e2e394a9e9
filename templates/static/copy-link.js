// Copy-link buttons by the article title and every section heading. Loaded as a file of our own so
// the strict Content-Security-Policy (script-src 'self', nothing inline) allows it; without it the
// page still works and the share panel still shows the short link.
(function () {
  'use strict';
  var article = document.querySelector('article[data-canonical]');
  if (!article) return;
  var canonical = article.getAttribute('data-canonical');
  var picker = document.getElementById('link-language');

  function show(button, text) {
    var label = button.textContent;
    button.textContent = text;
    setTimeout(function () { button.textContent = label; }, 1500);
  }

  // The Clipboard API needs a secure context (https or localhost); elsewhere, offer the link to copy.
  function copy(button, url) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { show(button, 'Copied'); },
                                              function () { window.prompt('Copy this link', url); });
    } else {
      window.prompt('Copy this link', url);
    }
  }

  var pageButton = article.querySelector('.copy-link[data-copy="page"]');
  if (pageButton) {
    pageButton.hidden = false;
    pageButton.addEventListener('click', function () { copy(pageButton, picker ? picker.value : canonical); });
  }

  // Section anchors exist only in this language version: heading links always use its own URL.
  var headings = article.querySelectorAll('.body h2[id], .body h3[id], .body h4[id]');
  Array.prototype.forEach.call(headings, function (heading) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-link';
    button.textContent = 'Copy link';
    button.setAttribute('aria-label', 'Copy link to section: ' + heading.textContent);
    button.addEventListener('click', function () { copy(button, canonical + '#' + heading.id); });
    heading.appendChild(button);
  });
})();
