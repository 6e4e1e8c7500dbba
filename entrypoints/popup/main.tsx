import { render } from 'preact';
import '../../components/card.css';
import '../../components/ui.css';
import { Popup } from './App';
import './popup.css';

const root = document.getElementById('app');
if (root) render(<Popup />, root);
