"""The daily digest email and instant alerts: subscriptions, rendering, sending with a send log.

Selection (what goes into a digest) is `indexes.digest.select_digest`, shared with the web page
and the command line; this package only renders that answer and delivers it exactly once.
"""
