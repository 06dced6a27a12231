"""Channel points earned by watching (held in the ledger as their own unit: apps.wallet) and
predictions staked with them."""
