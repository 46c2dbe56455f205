import { render } from 'preact';
import { OptionsPage } from '../ui/OptionsPage';
import { loadSettings, saveSettings } from '../platform/settings';
import { t } from '../platform/i18n';
import './options.css';

const root = document.getElementById('app');
if (root) {
  document.title = t('optionsTitle');
  render(<OptionsPage load={loadSettings} save={saveSettings} />, root);
}
