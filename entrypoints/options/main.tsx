import { render } from 'preact';
import '../../components/card.css';
import '../../components/ui.css';
import { Options } from './App';
import './options.css';

const root = document.getElementById('app');
if (root) render(<Options />, root);
