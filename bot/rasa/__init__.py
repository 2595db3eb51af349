"""Rasa as the NLU of a bot: the engine that asks a Rasa server (`engine`), and writing,
training and serving the Rasa project made from the bot files (`project`)."""
