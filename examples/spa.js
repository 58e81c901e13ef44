// A router in miniature: each view replaces the last, and with it the chapter widget.
const view = document.getElementById('view');

function showEpisode() {
  const chapters = document.createElement('episode-chapters');
  chapters.setAttribute('for', 'episode-audio');
  chapters.setAttribute('src', 'episode.json');
  view.replaceChildren(chapters);
}

function showOther() {
  const text = document.createElement('p');
  text.textContent = 'Another view, without chapters.';
  view.replaceChildren(text);
}

document.getElementById('show-episode').addEventListener('click', showEpisode);
document.getElementById('show-other').addEventListener('click', showOther);
