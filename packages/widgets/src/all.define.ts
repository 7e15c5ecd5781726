// Registers every Courtyard tag (for developers who want them all; the script-tag bundle does the same).
import './components/notices/notices.define.js';
import './components/poll/poll.define.js';
import './components/repair-request/repair-request.define.js';
import './components/rota/rota.define.js';
import './components/suggestion-board/suggestion-board.define.js';
import './components/suggestion-box/suggestion-box.define.js';
import './components/topics/topics.define.js';
