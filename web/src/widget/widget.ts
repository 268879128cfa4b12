// Entry of dist/web/widget.js, for any site to embed:
//   <script type="module" src="https://starling.example/widget.js"></script>
//   <starling-swarm swarm="0x…"></starling-swarm>
// The script URL may carry the volunteer page's link options (pageOptions.ts), e.g. widget.js?backend=wasm.

import StarlingSwarm from './StarlingSwarm.ce.svelte'
import { setWidgetScript } from './widgetScript.ts'

setWidgetScript(import.meta.url)

// Compiled with `customElement: true` (vite.config.ts), so the component carries its element class; Svelte's
// component type does not declare it.
const element = (StarlingSwarm as unknown as { element: CustomElementConstructor }).element
// A page may include the script twice (two widgets, two copies of the snippet): define once.
if (!customElements.get('starling-swarm')) customElements.define('starling-swarm', element)
