"""Tests of the `fulfillment` library and the example bot's code hook."""
