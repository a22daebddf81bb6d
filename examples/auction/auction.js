// The auction in JavaScript: the seed's game (oTree's live pages
// documentation), plus the history a reloaded page asks for with
// liveSend({}) and a check of the bid, so that it passes the same scenario
// as its Rust twin (src/lib.rs). Build it with
//   livehost build examples/auction/auction.js -o auction-js.wasm
import { ExtraModel, Link } from 'livehost';
import auctionPage from './pages/auction.html';
import resultsPage from './pages/results.html';

export const C = { NAME_IN_URL: 'auction-js', PLAYERS_PER_GROUP: 2, NUM_ROUNDS: 1 };

export const Group = { highestBidder: null, highestBid: 0 };

const Bid = new ExtraModel('Bid', { group: Link.group, player: Link.player, amount: 0 });

export function liveMethod(player, bid) {
  const group = player.group;
  const myId = player.idInGroup;
  if (bid !== null && typeof bid === 'object' && Object.keys(bid).length === 0) {
    // A (re)loaded page: the bids so far, oldest first, to this player.
    return Bid.filter({ group }).map((b) => [myId, { id_in_group: b.player.idInGroup, bid: b.amount }]);
  }
  if (typeof bid !== 'number') {
    throw new TypeError(`a bid must be a number, not ${JSON.stringify(bid)}`);
  }
  if (bid > group.highestBid) {
    group.highestBid = bid;
    group.highestBidder = myId;
    Bid.create({ group, player, amount: bid });
    const response = { id_in_group: myId, bid };
    return { 0: response };
  }
}

export const pageSequence = [
  { name: 'Auction', template: auctionPage, liveMethod },
  { name: 'Results', template: resultsPage },
];
