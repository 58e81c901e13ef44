// Adds the player after the widget is on the page (on a click, or after a second).
function addPlayer() {
  if (document.getElementById('late-audio')) return;
  const audio = document.createElement('audio');
  audio.id = 'late-audio';
  audio.controls = true;
  audio.preload = 'metadata';
  audio.src = '/demo/episode.opus';
  document.getElementById('player').append(audio);
}
window.addPlayer = addPlayer;
if (!new URLSearchParams(location.search).has('manual')) setTimeout(addPlayer, 1000);
