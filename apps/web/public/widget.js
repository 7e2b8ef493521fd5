/*
 * Turumba Support chat widget loader.
 *   <script src="https://support.example.com/widget.js" data-channel-id="CHANNEL_UUID" async></script>
 * Adds a launcher button that opens /widget/{channel_id} in an iframe; nothing else on the page
 * is touched. Optional: data-position="left", data-color="#4f46e5".
 */
(() => {
  var script = document.currentScript || document.querySelector('script[data-channel-id][src*="widget.js"]');
  if (!script || window.__turumbaWidget) return;
  var channelId = script.getAttribute('data-channel-id');
  if (!channelId) return;
  window.__turumbaWidget = true;
  var origin = new URL(script.src, window.location.href).origin;
  var side = script.getAttribute('data-position') === 'left' ? 'left' : 'right';
  var color = script.getAttribute('data-color') || '#4f46e5';

  var frame = document.createElement('iframe');
  frame.src = origin + '/widget/' + encodeURIComponent(channelId);
  frame.title = 'Chat with us';
  frame.setAttribute('data-turumba-widget', 'frame');
  frame.style.cssText =
    'position:fixed;bottom:92px;' +
    side +
    ':20px;width:380px;height:560px;max-width:calc(100vw - 40px);' +
    'max-height:calc(100vh - 120px);border:0;border-radius:16px;box-shadow:0 16px 48px rgba(16,24,40,.22);' +
    'z-index:2147483000;display:none;background:#fff;color-scheme:light;';

  var button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-label', 'Open chat');
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('data-turumba-widget', 'launcher');
  button.style.cssText =
    'position:fixed;bottom:20px;' +
    side +
    ':20px;width:60px;height:60px;border:0;border-radius:50%;cursor:pointer;' +
    'background:' +
    color +
    ';color:#fff;box-shadow:0 8px 24px rgba(16,24,40,.25);z-index:2147483000;' +
    'display:grid;place-items:center;transition:transform .15s;';
  var chatIcon =
    '<svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M7.9 20A9 9 0 1 0 4 16.1L2 22z"/></svg>';
  var closeIcon =
    '<svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" aria-hidden="true"><path d="M18 6 6 18M6 6l12 12"/></svg>';
  button.innerHTML = chatIcon;

  function setOpen(open) {
    frame.style.display = open ? 'block' : 'none';
    button.innerHTML = open ? closeIcon : chatIcon;
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    button.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
  }
  button.addEventListener('click', () => {
    setOpen(frame.style.display === 'none');
  });
  window.addEventListener('message', (event) => {
    if (event.origin === origin && event.data && event.data.type === 'turumba-widget:close') setOpen(false);
  });

  function mount() {
    document.body.appendChild(frame);
    document.body.appendChild(button);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
