// A "Copy code" button on every code block of an article (the renderer wraps each in
// div.code-block). A file of our own, loaded with defer, so the strict Content-Security-Policy
// (script-src 'self', nothing inline) allows it; without it the code can still be selected and copied.
(function () {
  'use strict';
  var blocks = document.querySelectorAll('.body .code-block');

  function show(button, text) {
    button.textContent = text;
    setTimeout(function () { button.textContent = 'Copy code'; }, 1500);
  }

  // The Clipboard API needs a secure context (https or localhost); elsewhere, select the code so that
  // the reader's own copy shortcut takes it.
  function copy(button, code) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.textContent).then(function () { show(button, 'Copied'); },
                                                           function () { select(code); });
    } else {
      select(code);
    }
  }

  function select(code) {
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  Array.prototype.forEach.call(blocks, function (block) {
    var code = block.querySelector('pre > code');
    if (!code) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'code-copy';
    button.textContent = 'Copy code';
    button.addEventListener('click', function () { copy(button, code); });
    block.insertBefore(button, block.firstChild);
  });
})();
