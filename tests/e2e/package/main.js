// A bundled app: the package's JS API and stylesheet, imported by name.
import { mount } from 'episode-chapters';
import 'episode-chapters/episode-chapters.css';

const widget = mount(document.getElementById('chapters'), {
  media: document.getElementById('episode-audio'),
  src: '/demo/episode.txt',
});
window.widgetReady = widget.ready.then(() => true);
