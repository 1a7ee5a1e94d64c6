export { folderWith, tempDir } from '../support/temp-dir.js'

export const SEEDS = 'data/articles'
export const FOX = '000_4fb8c82197bca96d'
export const K24 = '002_7cc908e2b26b98af'
