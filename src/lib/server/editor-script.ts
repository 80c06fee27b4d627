// The content editor's script: the preview that follows the typing, and problem links that go to
// their line.
import { pageScript } from './page-script';
import body from '../browser/editor.js?raw';

export const editorScript = pageScript('/editor.js', body);
