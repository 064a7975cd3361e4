/**
 * The console's only script: the copy buttons. Served as a file from /console/assets so
 * the Content-Security-Policy can forbid inline scripts. The Clipboard API exists only in
 * secure contexts (https, localhost); elsewhere a selected textarea and execCommand do it.
 */
export const CONSOLE_SCRIPT = `'use strict';
document.addEventListener('click', function (event) {
  var button = event.target.closest('[data-copy]');
  if (!button) return;
  var text = button.getAttribute('data-copy');
  var done = function () { button.textContent = button.getAttribute('data-copied'); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
    return;
  }
  var area = document.createElement('textarea');
  area.value = text;
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
  done();
});
`;
