import { render } from 'preact';

function Options() {
  return <h1>Medical Jargon Explainer</h1>;
}

const root = document.getElementById('app');
if (root) render(<Options />, root);
