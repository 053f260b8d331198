/**
 * Registers the offline service worker and notices when a newer build is waiting, so the page can
 * offer "update available — reload".
 */
import { dev } from '$app/environment';
import { base } from '$app/paths';

class Offline {
	/** A new build is installed and waiting for this page to reload. */
	updateReady = $state(false);
	/** The service worker controls this page: it will open with no network. */
	ready = $state(false);
	private waiting: ServiceWorker | null = null;

	async register(): Promise<void> {
		if (dev || !('serviceWorker' in navigator)) return;
		let registration: ServiceWorkerRegistration;
		try {
			registration = await navigator.serviceWorker.register(`${base}/service-worker.js`, { type: 'module', scope: `${base}/` });
		} catch (e) {
			// e.g. served from file:// or a host that forbids it: the app still works online.
			console.warn('Offline support is unavailable:', e);
			return;
		}
		this.ready = !!navigator.serviceWorker.controller;
		navigator.serviceWorker.addEventListener('controllerchange', () => {
			if (this.waiting) location.reload();
			this.ready = true;
		});
		const watch = (worker: ServiceWorker | null) => {
			if (!worker) return;
			const check = () => {
				// Only an update when an older build already controls the page.
				if (worker.state === 'installed' && navigator.serviceWorker.controller) {
					this.waiting = worker;
					this.updateReady = true;
				}
			};
			worker.addEventListener('statechange', check);
			check();
		};
		watch(registration.waiting);
		registration.addEventListener('updatefound', () => watch(registration.installing));
	}

	applyUpdate(): void {
		this.waiting?.postMessage('skip-waiting');
	}
}

export const offline = new Offline();
