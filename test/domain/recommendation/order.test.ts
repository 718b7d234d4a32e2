import t from 'tap';
import { recommendationOrder } from '../../../src/domain/recommendation/order.js';

const sorted = (keys: string[]) => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
/** The paragraphs of one document, in the order of their keys. */
const inOrder = (symbol: string, paragraphs: string[]) =>
  sorted(paragraphs.map((p) => recommendationOrder(symbol, p, p))).map((key) => key.split('\u0001')[2]);

t.test('paragraphs of one document come in the order a reader counts them', async (t) => {
  const natural = ['8', '9', '10', '12(a)', '12(b)', '13', '40'];
  t.strictSame(inOrder('CAT/C/KAZ/CO/4', [...natural].reverse()), natural);
  t.not(sorted(natural).join(), natural.join(), 'text order would differ');
});

t.test('UPR paragraphs count each part as a number', async (t) => {
  t.strictSame(inOrder('A/HRC/55/9', ['128.45', '128.9', '129.1', '128.100', '9.1']), [
    '9.1',
    '128.9',
    '128.45',
    '128.100',
    '129.1',
  ]);
});

t.test('documents come before paragraphs, numbered documents in number order, and the id breaks ties', async (t) => {
  const keys = sorted([
    recommendationOrder('CCPR/C/KAZ/CO/10', '1', 'b'),
    recommendationOrder('CCPR/C/KAZ/CO/9', '20', 'a'),
    recommendationOrder('CAT/C/KAZ/CO/4/Add.1', '1', 'c'),
    recommendationOrder('CAT/C/KAZ/CO/4', '30', 'd'),
    recommendationOrder('CAT/C/KAZ/CO/4', '30', 'e'),
  ]);
  t.strictSame(
    keys.map((key) => key.split('\u0001')[2]),
    ['d', 'e', 'c', 'a', 'b'],
  );
});

t.test('case and leading zeros do not change the order', async (t) => {
  t.equal(recommendationOrder('cat/c/kaz/co/4', '012(A)', 'x'), recommendationOrder('CAT/C/KAZ/CO/4', '12(a)', 'x'));
});
