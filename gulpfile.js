// tsc emits JavaScript only; n8n also needs each node's icons and codex (.node.json) files beside it.
const { src, dest } = require('gulp');

function copyAssets() {
	return src(['icons/**/*.{png,svg}', 'nodes/**/*.{png,svg}', 'nodes/**/*.node.json'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:assets'] = copyAssets;
