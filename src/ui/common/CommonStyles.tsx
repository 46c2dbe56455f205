/** The shared components' styles, as a <style> element: the panel lives in a shadow root, so each tab brings its own. */
import commonCss from './common.css?inline';

export function CommonStyles() {
  return <style>{commonCss}</style>;
}
