"""How threatening: each event's contribution to a site (``site``: severity x place x
recency, corroboration, trend, the ladder), where it happened relative to the site
(``place``), the floors an incident at the site itself sets (``floors``), and the
travel-advice level of a country presence (``presence``)."""
