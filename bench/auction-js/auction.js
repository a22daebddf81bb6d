// livehost-bench's live auction in JavaScript: the same game as
// bench/otree's oTree app (groups of four; every bid announced to the whole
// group, a lower one too, with the highest so far; each bid kept as a Bid
// row), for the JavaScript load targets. Build it with
//   livehost build bench/auction-js/auction.js -o auction-js.wasm
import { ExtraModel, Link } from 'livehost';
import auctionPage from './auction.html';

export const C = { NAME_IN_URL: 'auction', PLAYERS_PER_GROUP: 4, NUM_ROUNDS: 1 };

export const Group = { highestBid: 0, highestBidder: 0 };

const Bid = new ExtraModel('Bid', { player: Link.player, amount: 0 });

export function liveMethod(player, bid) {
  const myId = player.idInGroup;
  if (!Number.isInteger(bid) || bid < 0) {
    return { [myId]: { error: 'a bid is a whole number of points' } };
  }
  const group = player.group;
  if (bid > group.highestBid) {
    group.highestBid = bid;
    group.highestBidder = myId;
  }
  Bid.create({ player, amount: bid });
  return { 0: { id_in_group: myId, bid, highest: group.highestBid } };
}

export const pageSequence = [{ name: 'Auction', template: auctionPage, liveMethod }];
