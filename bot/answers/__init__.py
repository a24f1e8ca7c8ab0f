"""Judge a trivia guess the way a fair human quizmaster would.

Quick trivia and trivia nights both ask one thing: does this chat message give one of the
accepted answers? A quizmaster forgives case, punctuation, accents, articles, chatter
("I think it's...") and small typos, and reads "three" as "3"; they refuse a different
number, a typo that lands on another real word, half of a full name, a hedge between
several answers, and a negation. Everything here is plain Python so it can be tested
without Discord.

vocabulary  word lists: real words, descriptors, titles, negations, chatter
numbers     spoken numbers, ordinals and Roman numerals as digits
normalise   folding text to tokens (accents, dates, episode codes), chatter stripped
reading     a message read into its guesses (one answer, or a hedge)
closeness   typos, spacing and counted nouns: whether two answers are the same
names       KnownNames: the names a typo may not land on
judge       check_answer: the public entry point
"""

from bot.answers.judge import check_answer
from bot.answers.names import KnownNames, name_key
from bot.answers.normalise import normalise
from bot.answers.reading import looks_like_several_guesses

__all__ = ["KnownNames", "check_answer", "looks_like_several_guesses", "name_key", "normalise"]
