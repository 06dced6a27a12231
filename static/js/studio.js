/* The broadcast studio's live numbers: each gift (GF) on the stream's socket moves the earnings
 balance by the coins the server says it earned the creator (`earn`, the wallet's own split, never
 worked out here) and goes on top of the gift feed, a copy of the server's own row
 (<template data-template="gift-feed-row">). The top gifters (LB), the goal (GL) and the viewer
 count (VC) are the stream page's, drawn by gifts.js and stream.js from the same frames viewers get.
 Frame text reaches the page only through textContent. */
import { userBadge } from "./lib/badge.js";
import { Code } from "./lib/codes.js";
import { fromTemplate } from "./lib/dom.js";
import { formatCount } from "./lib/format.js";
import { streamSocket } from "./lib/sockets.js";

// As many rows as the server draws (apps/gifting/views.py GIFT_FEED_SHOWN).
const FEED_SIZE = 10;
const earnings = document.querySelector("[data-studio-earnings]");
const feed = document.querySelector("[data-gift-feed]");

function wholeCoins(value) {
  const coins = Number(value);
  return Number.isInteger(coins) && coins > 0 ? coins : 0;
}

function addEarnings(coins) {
  if (!earnings || !coins) return;
  const total = wholeCoins(earnings.dataset.studioEarnings) + coins;
  earnings.dataset.studioEarnings = String(total);
  earnings.textContent = formatCount(total);
}

function feedRow(d, coins) {
  const row = fromTemplate("gift-feed-row");
  const gift = d.g || {};
  const quantity = wholeCoins(d.q);
  row.querySelector("[data-gift-feed-who]").replaceChildren(userBadge(d.from || {}));
  row.querySelector("[data-gift-feed-gift]").textContent =
    String(gift.emoji || "") + " " + String(gift.name || "") + (quantity > 1 ? " ×" + quantity : "");
  row.querySelector("[data-gift-feed-earn]").textContent = formatCount(coins);
  return row;
}

function addToFeed(d, coins) {
  if (!feed) return;
  const list = feed.querySelector("[data-gift-feed-list]");
  list.prepend(feedRow(d, coins));
  while (list.children.length > FEED_SIZE) list.lastElementChild.remove();
  feed.querySelector("[data-gift-feed-empty]").hidden = true;
}

function onGift(d) {
  if (!d) return;
  const coins = wholeCoins(d.earn);
  addEarnings(coins);
  addToFeed(d, coins);
}

const socket = document.querySelector("[data-studio]") ? streamSocket() : null;
if (socket) socket.on(Code.GIFT, onGift);
