// A return visit's first picture: the Executive Summary exactly as this browser last drew it at this
// address, painted from localStorage while the app's script is still loading and compiling. The app
// (src/lib/app/snapshot.ts) writes the picture and takes it away once its own page has drawn, or
// when the person touches anything. It is an inert copy: no links, no focus, hidden from assistive
// technology, gone as soon as the app has drawn. A plain file, not an inline script: the CSP allows 'self'.
(function () {
	var KEY = 'aparavi-dashboard:snapshot';
	var layer;
	try {
		var text = localStorage.getItem(KEY);
		if (!text) return;
		var s = JSON.parse(text);
		if (!s || typeof s.html !== 'string' || s.at !== location.pathname + location.search) return;
		layer = document.createElement('div');
		layer.setAttribute('data-boot-snapshot', '');
		layer.setAttribute('aria-hidden', 'true');
		layer.inert = true;
		// Our own DOM serialised by the browser: text stays text when parsed back.
		layer.innerHTML = s.html;
		document.body.appendChild(layer);
	} catch (e) {
		return;
	}
	var away = function () {
		if (layer.parentNode) layer.parentNode.removeChild(layer);
		removeEventListener('pointerdown', away, true);
		removeEventListener('keydown', away, true);
		removeEventListener('wheel', away, true);
	};
	addEventListener('pointerdown', away, true);
	addEventListener('keydown', away, true);
	addEventListener('wheel', away, true);
	// Never outstay the app, whatever happens to it.
	setTimeout(away, 8000);
	requestAnimationFrame(function () {
		requestAnimationFrame(function () {
			if (layer.parentNode) performance.mark('summary-snapshot-painted');
		});
	});
})();
