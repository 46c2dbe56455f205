import { render } from 'preact';
import { OptionsPage } from '../ui/OptionsPage';
import { createOptionsServices } from './services';
import { installBrowserTranslator, t } from '../platform/i18n';
import './options.css';

installBrowserTranslator();

const root = document.getElementById('app');
if (root) {
  document.title = t('optionsTitle');
  render(<OptionsPage services={createOptionsServices(document)} />, root);
}
