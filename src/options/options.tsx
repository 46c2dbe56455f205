import { render } from 'preact';
import { OptionsPage } from '../ui/OptionsPage';
import { loadSettings, saveSettings } from '../platform/settings';
import './options.css';

const root = document.getElementById('app');
if (root) {
  document.title = chrome.i18n.getMessage('optionsTitle') || document.title;
  render(<OptionsPage load={loadSettings} save={saveSettings} />, root);
}
