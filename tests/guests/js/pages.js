// An oTree-style app written in JavaScript: its pages are oTree templates
// (pages/), rendered by the host with the variables these page methods
// give.
//   Survey: a form (an integer with min and max, a choice, a currency
//           amount with its own errorMessage) checked with oTree's
//           messages, and the page's errorMessage over the answers.
//   Chat: a live page with varsForTemplate and jsVars.
//   Skipped: isDisplayed says no.
//   Decide: a timed page; beforeNextPage records whether it timed out.
//   Results: what was stored.
import { models } from 'livehost';
import survey from './pages/Survey.html';
import intro from './pages/intro.html';
import chat from './pages/Chat.html';
import skipped from './pages/Skipped.html';
import decide from './pages/Decide.html';
import results from './pages/Results.html';

export const C = {
  NAME_IN_URL: 'js_pages',
  PLAYERS_PER_GROUP: 1,
  NUM_ROUNDS: 1,
  STUDY: 'the JavaScript study',
  SECONDS: 3,
};

export const Player = {
  age: models.IntegerField({ label: 'How old are you?', min: 18, max: 110 }),
  colour: models.StringField({
    label: 'Favourite colour',
    choices: [
      ['r', 'Red'],
      ['g', 'Green'],
      ['b', 'Blue'],
    ],
  }),
  bid: models.CurrencyField({
    label: 'Your bid',
    errorMessage: (player, value) => (value > 50 ? 'Bids above 50 are not allowed' : undefined),
  }),
  messages: 0,
  timedOut: models.BooleanField({ initial: false }),
};

export const templates = { 'intro.html': intro };

const COLOURS = { r: 'red', g: 'green', b: 'blue' };

export const pageSequence = [
  {
    name: 'Survey',
    template: survey,
    formModel: 'player',
    formFields: ['age', 'colour', 'bid'],
    errorMessage(player, values) {
      if (values.age > 60 && values.colour === 'b') {
        return 'Blue over 60? Please check your answers.';
      }
    },
  },
  {
    name: 'Chat',
    template: chat,
    liveMethod(player, data) {
      player.messages += 1;
      return { [player.idInGroup]: { echo: data.text, from: player.idInGroup, messages: player.messages } };
    },
    varsForTemplate(player) {
      return { greeting: `Hello, player ${player.idInGroup}`, colourName: COLOURS[player.colour] ?? 'nothing' };
    },
    jsVars(player) {
      return { me: player.idInGroup, age: player.age };
    },
  },
  { name: 'Skipped', template: skipped, isDisplayed: () => false },
  {
    name: 'Decide',
    template: decide,
    timeoutSeconds: C.SECONDS,
    beforeNextPage(player, timeoutHappened) {
      player.timedOut = timeoutHappened;
    },
  },
  { name: 'Results', template: results },
];
