// Loaded before every test file (vitest `setupFiles`): registers the temporary-folder cleanup.
import './temp-dir.js'
