import { render } from 'preact';
import { OptionsPage } from '../ui/OptionsPage';
import { createOptionsServices } from './services';
import { t } from '../platform/i18n';
import './options.css';

const root = document.getElementById('app');
if (root) {
  document.title = t('optionsTitle');
  render(<OptionsPage services={createOptionsServices(document)} />, root);
}
