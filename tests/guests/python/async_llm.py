# The seeds' streaming async live method (an LLM answer yielded piece by
# piece), in Python against an OpenAI-compatible endpoint whose URL is the
# session's config; the key is on the host's allowlist, never here.
import json

from livehost import *


class C(BaseConstants):
    NAME_IN_URL = 'async_llm'
    PLAYERS_PER_GROUP = 2
    NUM_ROUNDS = 1


async def live_method(player, data):
    config = player.session.config
    response = await fetch(
        config['url'],
        method='POST',
        json_body={'model': 'm', 'stream': True, 'messages': [{'role': 'user', 'content': data}]},
    )
    if response.status != 200:
        raise RuntimeError(f'HTTP {response.status}: {await response.text()}')
    rest = ''
    while (chunk := await response.chunk()) is not None:
        rest += chunk.decode()
        while '\n' in rest:
            line, rest = rest.split('\n', 1)
            if line.startswith('data: ') and line[6:] != '[DONE]':
                content = json.loads(line[6:])['choices'][0]['delta']['content']
                yield {player.id_in_group: content}


class Chat(Page):
    live_method = staticmethod(live_method)


page_sequence = [Chat]
