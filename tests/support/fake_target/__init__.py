"""A target added from outside Parity, as a user would add one: its translator and its
simulated service, written only against Parity's public contracts. Copied into a temporary
package by the test that registers it (`tests/harness/test_adding_a_target.py`)."""
