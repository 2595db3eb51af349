"""A Lex V1 code hook written the classic blueprint way (lex-order-flowers-python style).

Plain dict builders, `dispatch` on `currentIntent.name`, validation in the DialogCodeHook: the
kind of code Lex V1 users already have, kept here to prove it runs unchanged against V1 events
(and behind `fulfillment.Router`, which passes its dicts through). It deliberately uses nothing
from `fulfillment`.
"""

# Kept in the blueprints' own style (str.format, a bare Exception), which is the point here.
# ruff: noqa: UP032, TRY002

import datetime
import logging

logger = logging.getLogger(__name__)

EVENTS = ["aws summit", "pycon", "serverless days", "devops days", "data science meetup"]


# --- Helpers to build responses which match the structure of the necessary dialog actions ---


def get_slots(intent_request):
    return intent_request["currentIntent"]["slots"]


def elicit_slot(session_attributes, intent_name, slots, slot_to_elicit, message):
    return {
        "sessionAttributes": session_attributes,
        "dialogAction": {
            "type": "ElicitSlot",
            "intentName": intent_name,
            "slots": slots,
            "slotToElicit": slot_to_elicit,
            "message": message,
        },
    }


def confirm_intent(session_attributes, intent_name, slots, message):
    return {
        "sessionAttributes": session_attributes,
        "dialogAction": {
            "type": "ConfirmIntent",
            "intentName": intent_name,
            "slots": slots,
            "message": message,
        },
    }


def close(session_attributes, fulfillment_state, message):
    response = {
        "sessionAttributes": session_attributes,
        "dialogAction": {
            "type": "Close",
            "fulfillmentState": fulfillment_state,
            "message": message,
        },
    }
    return response


def delegate(session_attributes, slots):
    return {
        "sessionAttributes": session_attributes,
        "dialogAction": {"type": "Delegate", "slots": slots},
    }


# --- Helper Functions ---


def isvalid_date(date):
    try:
        datetime.datetime.strptime(date, "%Y-%m-%d")
        return True
    except ValueError:
        return False


def build_validation_result(is_valid, violated_slot, message_content):
    if message_content is None:
        return {"isValid": is_valid, "violatedSlot": violated_slot}
    return {
        "isValid": is_valid,
        "violatedSlot": violated_slot,
        "message": {"contentType": "PlainText", "content": message_content},
    }


def validate_registration(event_name, date):
    if event_name is not None and event_name.lower() not in EVENTS:
        return build_validation_result(
            False,
            "eventName",
            "We do not run {}, would you like a different event?  "
            "Our most popular event is PyCon".format(event_name),
        )
    if date is not None:
        if not isvalid_date(date):
            return build_validation_result(
                False, "eventDate", "I did not understand that, what date would you like to attend?"
            )
        elif datetime.datetime.strptime(date, "%Y-%m-%d").date() < datetime.date.today():
            return build_validation_result(
                False, "eventDate", "That date has passed. What day would you like to attend?"
            )
    return build_validation_result(True, None, None)


# --- Functions that control the bot's behavior ---


def register_user_for_event(intent_request):
    event_name = get_slots(intent_request)["eventName"]
    date = get_slots(intent_request)["eventDate"]
    first_name = get_slots(intent_request)["firstName"]
    source = intent_request["invocationSource"]

    if source == "DialogCodeHook":
        # Perform basic validation on the supplied input slots.
        # Use the elicitSlot dialog action to re-prompt for the first violation detected.
        slots = get_slots(intent_request)

        validation_result = validate_registration(event_name, date)
        if not validation_result["isValid"]:
            slots[validation_result["violatedSlot"]] = None
            return elicit_slot(
                intent_request["sessionAttributes"],
                intent_request["currentIntent"]["name"],
                slots,
                validation_result["violatedSlot"],
                validation_result["message"],
            )

        output_session_attributes = (
            intent_request["sessionAttributes"]
            if intent_request["sessionAttributes"] is not None
            else {}
        )
        if event_name is not None:
            output_session_attributes["Event"] = event_name

        return delegate(output_session_attributes, get_slots(intent_request))

    # Register the attendee, and rely on the goodbye message of the bot to define the message
    # to the end user. In a real bot, this would likely involve a call to a backend service.
    return close(
        intent_request["sessionAttributes"],
        "Fulfilled",
        {
            "contentType": "PlainText",
            "content": "Thanks {}, you are registered for {} on {}".format(
                first_name, event_name, date
            ),
        },
    )


# --- Intents ---


def dispatch(intent_request):
    """
    Called when the user specifies an intent for this bot.
    """

    logger.debug(
        "dispatch userId={}, intentName={}".format(
            intent_request["userId"], intent_request["currentIntent"]["name"]
        )
    )

    intent_name = intent_request["currentIntent"]["name"]

    # Dispatch to your bot's intent handlers
    if intent_name == "RegisterUserForEvent":
        return register_user_for_event(intent_request)

    raise Exception("Intent with name " + intent_name + " not supported")


# --- Main handler ---


def lambda_handler(event, context):
    """
    Route the incoming request based on intent.
    The JSON body of the request is provided in the event slot.
    """
    # The blueprints set os.environ['TZ'] = 'America/New_York' and call time.tzset() here;
    # left out because the tests share one process with the rest of the suite.
    logger.debug("event.bot.name={}".format(event["bot"]["name"]))

    return dispatch(event)
