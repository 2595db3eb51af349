"""The whole bot as one AWS Lambda function: the handler that serves the runtime APIs, the REST
webhook and the channels from API Gateway and function URL events (`handler`), and
`bot package lambda`, which builds the function's zip and its SAM template (`package`).
"""
