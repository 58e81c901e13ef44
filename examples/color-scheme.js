// The site's own dark-mode switch: it sets color-scheme on the page, and the widgets follow.
document.getElementById('theme-switch').addEventListener('click', (event) => {
  const dark = document.documentElement.dataset.theme !== 'dark';
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  event.currentTarget.setAttribute('aria-pressed', String(dark));
});
