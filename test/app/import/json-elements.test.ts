/** The JSON array splitter the full export is read with: every element whole, wherever the chunks cut the text. */
import t from 'tap';
import { JsonArrayError, jsonArrayElements } from '../../../src/app/import/uhri/json-elements.js';

async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function elements(text: string, size: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const element of jsonArrayElements(chunks(text, size))) out.push(JSON.parse(element));
  return out;
}

const SIZES = [1, 2, 3, 7, 64, 100_000];

t.test('every element, as JSON.parse reads the whole array, whatever the chunk size', async (t) => {
  const texts = [
    '[]',
    ' [ ]\n',
    '\ufeff[{"Text":"4.The \\"Committee\\" [recommends] {x}\\\\"},{"b":"\\\\\\""}, 1, "s\\"t", true, null, [1,[2]], -1.5e3 ]',
    '[\n{"a":{"b":[1,2,{"c":"]}"}]}},\n{"é":"ü — 中文 😀"}\n]',
  ];
  for (const text of texts) {
    const whole = JSON.parse(text.replace(/^\ufeff/, ''));
    for (const size of SIZES) t.same(await elements(text, size), whole, `${JSON.stringify(text)} in chunks of ${size}`);
  }
});

t.test('a text that is not one JSON array is refused', async (t) => {
  const refused = ['[1,]', '[,1]', '[1 2]', '[{"a":1}', '[{"a":1}] x', '{"a":1}', '[{"a":"', '[', '', '[1}', '[}'];
  for (const text of refused) {
    for (const size of [1, 3, 100_000]) {
      await t.rejects(elements(text, size), `${JSON.stringify(text)} in chunks of ${size}`);
    }
  }
  await t.rejects(elements('[1] 2', 100), JsonArrayError);
  await t.rejects(elements('[1', 100), { message: 'the text ends inside the array' });
});
