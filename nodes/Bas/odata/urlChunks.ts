/**
 * Splits values that go into one `… or …` filter into requests whose URL stays within `maxLength`
 * (1C's web server and proxies before it refuse longer request lines). Greedy, in order; a value
 * whose URL alone is too long still goes, alone, so every value is asked for.
 */
export function chunkByUrlLength<T>(values: T[], urlLengthOf: (chunk: T[]) => number, maxLength: number): T[][] {
	const chunks: T[][] = [];
	let chunk: T[] = [];
	for (const value of values) {
		if (chunk.length > 0 && urlLengthOf([...chunk, value]) > maxLength) {
			chunks.push(chunk);
			chunk = [];
		}
		chunk.push(value);
	}
	if (chunk.length > 0) chunks.push(chunk);
	return chunks;
}
