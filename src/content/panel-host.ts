/**
 * Mounts the Preact panel in an open shadow root on a fixed-position host, so the page's layout never
 * shifts and neither side's styles leak into the other. `destroy()` is the only way out.
 */
import { h, render } from 'preact';
import { Panel } from '../ui/Panel';
import panelCss from '../ui/panel.css?inline';
import type { PanelHandle, PanelState } from './controller';
import type { AssistantServices } from './services';
import { adoptStyles } from './shadow-styles';

export const HOST_TAG = 'wbka-assistant';

export interface MountOptions {
  document: Document;
  state: PanelState;
  services: AssistantServices;
  onRequestClose: () => void;
  /** Only when the admin opened the panel: an auto-opened panel must not steal focus from the page. */
  takeFocus: boolean;
}


export function mountPanel({ document: doc, state, services, onRequestClose, takeFocus }: MountOptions): PanelHandle {
  // Guard against a second panel, whoever made the first (another copy of the script, a race).
  for (const stale of Array.from(doc.querySelectorAll(HOST_TAG))) stale.remove();

  const host = doc.createElement(HOST_TAG);
  host.setAttribute('data-wbka-host', '');
  // `all: initial` stops the page's CSS from reaching the host box; fixed positioning avoids layout shift.
  host.setAttribute('style', 'all: initial; position: fixed; top: 0; right: 0; bottom: 0; z-index: 2147483646; display: block;');
  const shadow = host.attachShadow({ mode: 'open' });
  adoptStyles(shadow, doc, panelCss);
  const container = doc.createElement('div');
  shadow.append(container);
  doc.documentElement.append(host);

  let current = state;
  const draw = () => render(h(Panel, { state: current, services, onClose: onRequestClose, takeFocus }), container);
  draw();

  return {
    update(next) {
      current = next;
      draw();
    },
    destroy() {
      render(null, container);
      host.remove();
    },
  };
}
