import { expect } from 'chai';
import { topWords, topicsText } from '../../src/report';

describe('report/topics', () => {
  const vocabulary = ['tax', 'war', 'peace', 'budget', 'army'];
  const H = {
    data: new Float32Array([3, 0, 0, 2, 0, 0, 5, 1, 0, 4]),
    shape: [2, 5] as [number, number],
  };

  it('lists the largest positive weights of each component, largest first', () => {
    const topics = topWords(H, vocabulary, 3);
    expect(topics).to.deep.equal([
      {
        component: 0,
        words: [
          { word: 'tax', weight: 3 },
          { word: 'budget', weight: 2 },
        ],
      },
      {
        component: 1,
        words: [
          { word: 'war', weight: 5 },
          { word: 'army', weight: 4 },
          { word: 'peace', weight: 1 },
        ],
      },
    ]);
    expect(topicsText(topics)).to.equal(
      '0: tax (3), budget (2)\n1: war (5), army (4), peace (1)\n',
    );
  });

  it('rejects a vocabulary of the wrong length', () => {
    expect(() => topWords(H, vocabulary.slice(1))).to.throw(
      /5 columns but the vocabulary has 4 words/,
    );
  });
});
