# Regenerates the content loader cases of the error corpus (not their
# `expected` files: those are checked by hand). Usage: python3 gen-content-cases.py [case...]
import os, sys, struct, zlib
ROOT = os.path.dirname(os.path.abspath(__file__))
FONTS = """  fonts:
    regular: ../../../fonts/NotoSans-Regular.ttf
    italic: ../../../fonts/NotoSans-Italic.ttf
    bold: ../../../fonts/NotoSans-Bold.ttf
    bold_italic: ../../../fonts/NotoSans-BoldItalic.ttf
"""
BRO = """trifold: 1
id: case
base: en

theme:
""" + FONTS + """
plan:
  cover:
    content:
      - story: cover
  inside-left:
    content:
      - flow: body
"""
EN = """lang: en
meta:
  title: Test brochure
stories:
  cover:
    title: {title: Test brochure}
  body:
    intro: Hello.
    more: {paragraph: More text.}
"""
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
def png(depth=8, truncate=None):
    data = (b'IHDR', struct.pack('>IIBBBBB', 2, 2, depth, 2, 0, 0, 0))
    p = b'\x89PNG\r\n\x1a\n' + chunk(*data) + chunk(b'IDAT', zlib.compress(b'\x00' * 40)) + chunk(b'IEND', b'')
    return p[:truncate] if truncate else p

cases = {}
def case(name, args=None, status=None, **files):
    files = {k.replace('_yaml', '.yaml').replace('_png', '.png').replace('_ttf', '.ttf').replace('_jpg', '.jpg'): v for k, v in files.items()}
    files.setdefault('brochure.yaml', BRO)
    files.setdefault('en.yaml', EN)
    cases[name] = (files, args, status)

case('syntax-error', en_yaml=EN.replace('intro: Hello.', 'intro: [Hello.'))
case('tab-indent', en_yaml=EN.replace('    intro: Hello.', '\tintro: Hello.'))
case('unknown-key', en_yaml=EN.replace('{title: Test brochure}', '{titel: Test brochure}'))
case('unknown-key-theme', brochure_yaml=BRO.replace('theme:\n', 'theme:\n  colours: {}\n'))
case('duplicate-key', en_yaml=EN + '    intro: Again.\n')
case('wrong-type', brochure_yaml=BRO.replace('  cover:\n    content:', '  cover:\n    - content:').replace('      - story: cover', '        - story: cover'))
case('missing-required', en_yaml=EN.replace('  title: Test brochure\n', '  author: Someone\n'))
case('three-errors', brochure_yaml=BRO.replace('theme:\n', 'theme:\n  text:\n    hyphenat: true\n    size: 12px\n  colors:\n    accent: "#12345g"\n'))
case('bad-colour', brochure_yaml=BRO.replace('theme:\n', 'theme:\n  colors:\n    accent: red\n'))
case('unquoted-colour', brochure_yaml=BRO.replace('theme:\n', 'theme:\n  colors:\n    accent: #1d5c7a\n'))
case('bad-length', brochure_yaml=BRO.replace('theme:\n', 'theme:\n  safe: 12px\n'))
case('bad-enum', brochure_yaml=BRO.replace('base: en\n', 'base: en\nsheet:\n  paper: a5\n'))
case('unknown-panel', brochure_yaml=BRO.replace('  inside-left:', '  insde-left:'))
case('unknown-story', brochure_yaml=BRO.replace('flow: body', 'flow: bdy'))
case('two-flow-slots', brochure_yaml=BRO + '      - story: cover2\n      - flow: body2\n',
     en_yaml=EN + '  cover2:\n    x: {credit: Small print.}\n  body2:\n    y: Text.\n')
case('placed-twice', brochure_yaml=BRO + '  back:\n    content: [{story: cover}]\n')
case('block-two-kinds', en_yaml=EN.replace('{paragraph: More text.}', '{paragraph: More text., heading: More}'))
case('lang-mismatch', en_yaml=EN.replace('lang: en', 'lang: es'))
laughs = 'lang: en\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
prev = 'a'
for c in 'bcdefghi':
    laughs += '%s: &%s [%s]\n' % (c, c, ','.join(['*' + prev] * 9)); prev = c
case('billion-laughs', en_yaml=laughs)
case('deep-nesting', en_yaml='lang: en\nstories: ' + '[' * 10000 + ']' * 10000 + '\n')
case('utf8-key', en_yaml=EN.replace('intro: Hello.', 'intr\xff: Hello.'))
case('utf8-value', en_yaml=EN.replace('intro: Hello.', 'intro: Hel\xc3\x28lo.'))
case('control-char', en_yaml=EN.replace('intro: Hello.', 'intro: Hel\x01lo.'))
case('escaped-control-char', en_yaml=EN.replace('intro: Hello.', 'intro: "Hel\\x07lo."'))
case('rtl-override', en_yaml=EN.replace('intro: Hello.', 'intro: Hello \u202egnp.exe'))
case('bom', en_yaml='\ufeff' + EN)
case('empty-file', en_yaml='')
case('directory', en_yaml=None)
case('missing-font', brochure_yaml=BRO.replace('NotoSans-Bold.ttf', 'NotoSans-Heavy.ttf'))
case('not-a-font', brochure_yaml=BRO.replace('../../../fonts/NotoSans-Italic.ttf', '../../../fonts/OFL.txt'))
case('cff-font', brochure_yaml=BRO.replace('../../../fonts/NotoSans-Bold.ttf', 'bold.otf'), bold_otf=b'OTTO\x00\x0b\x00\x80' + b'\x00' * 56)
case('truncated-png', en_yaml=EN + '    photo: {image: photo.png, alt: A photo.}\n', photo_png=png(truncate=60))
case('png-16bit', en_yaml=EN + '    photo: {image: photo.png, alt: A photo.}\n', photo_png=png(depth=16))
case('missing-image', en_yaml=EN + '    photo: {image: nothere.png, alt: A photo.}\n')
case('too-many-items', en_yaml=EN + '    list:\n      list:\n      items:\n' + ''.join('        - Item %d.\n' % i for i in range(201)))
case('long-string', en_yaml=EN.replace('intro: Hello.', 'intro: ' + 'x' * (16 * 1024 + 1)))
case('tag', en_yaml=EN.replace('intro: Hello.', 'intro: !!str Hello.'))
case('two-documents', en_yaml=EN + '---\nlang: en\n')
case('translation-extra-key', args='check @DIR@ --lang es',
     brochure_yaml=BRO.replace('base: en\n', 'base: en\nlanguages: [en, es]\n'),
     es_yaml='lang: es\nstories:\n  body:\n    intro: Hola.\n    extra: Texto de más.\n')
case('translation-missing', args='check @DIR@ --lang fr',
     brochure_yaml=BRO.replace('base: en\n', 'base: en\nlanguages: [en, fr]\n'))
case('translation-kind-mismatch', args='check @DIR@ --lang es',
     es_yaml='lang: es\nstories:\n  body:\n    more: {heading: Más}\n')

# --- robustness cases: one per reachable loader/layout error, hostile input ---
ABSENT = ('absent',)
import random
def png_hdr(w=2, h=2, depth=8, color=2, idat=True):
    p = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, color, 0, 0, 0))
    if idat: p += chunk(b'IDAT', zlib.compress(b'\x00' * 40))
    return p + chunk(b'IEND', b'')
def jpeg(ncomp=3, w=2, h=2):
    sof = bytes([8]) + struct.pack('>HH', h, w) + bytes([ncomp]) + b''.join(bytes([i + 1, 0x11, 0]) for i in range(ncomp))
    return b'\xff\xd8' + b'\xff\xc0' + struct.pack('>H', len(sof) + 2) + sof + b'\xff\xd9'
IMG = EN + '    photo: {image: photo.%s, alt: A photo.}\n'
def bro_theme(extra): return BRO.replace('theme:\n', 'theme:\n' + extra)
ES = BRO.replace('base: en\n', 'base: en\nlanguages: [en, es]\n')

case('invalid-number', brochure_yaml=bro_theme('  text:\n    leading: lots\n'))
case('number-out-of-range', brochure_yaml=bro_theme('  text:\n    leading: 3\n'))
case('length-out-of-range', brochure_yaml=bro_theme('  safe: 0.01in\n'))
case('fit-min-over-max', brochure_yaml=bro_theme('  text:\n    fit: {min: 14pt, max: 10pt}\n'))
case('unknown-panel-far', brochure_yaml=BRO.replace('  inside-left:', '  zzzzzz:'))
case('slot-two-kinds', brochure_yaml=BRO.replace('      - flow: body', '      - {flow: body, story: cover}'))
case('bad-version', brochure_yaml=BRO.replace('trifold: 1', 'trifold: 2'))
case('bad-id', brochure_yaml=BRO.replace('id: case', 'id: My_Case'))
case('bad-base-tag', brochure_yaml=BRO.replace('base: en', 'base: "e/n"'))
case('languages-twice', brochure_yaml=BRO.replace('base: en\n', 'base: en\nlanguages: [en, es, es]\n'))
case('languages-no-base', brochure_yaml=BRO.replace('base: en\n', 'base: en\nlanguages: [es]\n'))
case('expected-sequence', brochure_yaml=BRO.replace('base: en\n', 'base: en\nlanguages: en\n'))
case('unknown-key-far', en_yaml=EN.replace('{title: Test brochure}', '{zzzzzzzz: Test brochure}'))
case('empty-list', en_yaml=EN + '    list: {list: "Lead-in:", items: []}\n')
case('empty-contacts', en_yaml=EN + '    orgs: {contacts: Help, entries: {}}\n')
case('too-many-contacts', en_yaml=EN + '    orgs:\n      contacts: Help\n      entries:\n' +
     ''.join('        c%d: {name: Org %d, phone: "555"}\n' % (i, i) for i in range(201)))
case('block-no-kind', en_yaml=EN.replace('{paragraph: More text.}', '{alt: More text.}'))
case('extra-key-not-allowed', en_yaml=EN.replace('{paragraph: More text.}', '{paragraph: More text., width: 0.5}'))
case('empty-story', en_yaml=EN + '  extra: {}\n')
case('no-stories', en_yaml=EN.split('stories:')[0] + 'stories: {}\n')
case('too-many-blocks', en_yaml=EN + ''.join('    p%d: Text.\n' % i for i in range(1000)))
case('unknown-story-far', brochure_yaml=BRO.replace('flow: body', 'flow: zzzzzzzzz'))
case('placed-and-flows', brochure_yaml=BRO + '  back:\n    content: [{story: body}]\n')
case('lang-path-separator', args='check @DIR@ --lang ../x')
case('lang-absolute', args='check @DIR@ --lang /etc/passwd')
case('font-directory', brochure_yaml=BRO.replace('../../../fonts/NotoSans-Bold.ttf', '.'))
case('font-too-short', brochure_yaml=BRO.replace('../../../fonts/NotoSans-Bold.ttf', 'bold.ttf'), bold_ttf=b'\x00\x01')
case('font-collection', brochure_yaml=BRO.replace('../../../fonts/NotoSans-Bold.ttf', 'bold.ttf'), bold_ttf=b'ttcf\x00\x01\x00\x00' + b'\x00' * 56)
case('font-broken-tables', brochure_yaml=BRO.replace('../../../fonts/NotoSans-Bold.ttf', 'bold.ttf'),
     bold_ttf=b'\x00\x01\x00\x00' + bytes(random.Random(7).getrandbits(8) for _ in range(2044)))
case('fold-in-too-wide', brochure_yaml=BRO.replace('base: en\n', 'base: en\nsheet:\n  fold_in: 5in\n'))
case('fold-in-too-narrow', brochure_yaml=BRO.replace('base: en\n', 'base: en\nsheet:\n  fold_in: 2in\n'))
case('safe-too-big', brochure_yaml=bro_theme('  safe: 2in\n'))
case('image-directory', en_yaml=EN + '    photo: {image: pics.png, alt: A photo.}\n', pics_png=None)
case('image-not-image', en_yaml=IMG % 'png', photo_png=b'GIF89a' + b'\x00' * 64)
case('png-no-ihdr', en_yaml=IMG % 'png', photo_png=b'\x89PNG\r\n\x1a\n' + chunk(b'IDAT', b'x' * 20))
case('png-bad-depth', en_yaml=IMG % 'png', photo_png=png_hdr(depth=3))
case('png-no-pixels', en_yaml=IMG % 'png', photo_png=png_hdr(w=0))
case('png-too-many-pixels', en_yaml=IMG % 'png', photo_png=png_hdr(w=10000, h=10000))
case('png-truncated-chunk', en_yaml=IMG % 'png', photo_png=png_hdr()[:40])
case('jpeg-components', en_yaml=IMG % 'jpg', photo_jpg=jpeg(ncomp=2))
case('jpeg-no-marker', en_yaml=IMG % 'jpg', photo_jpg=b'\xff\xd8\xff\xe0\x00\x04\x00\x00' + b'\x00' * 8)
case('jpeg-no-frame', en_yaml=IMG % 'jpg', photo_jpg=b'\xff\xd8\xff\xd9')
# the header is fine, the pixel data is not: only the PDF writer decodes it
case('png-corrupt-data', args='build @DIR@ -o @DIR@/out.pdf', en_yaml=IMG % 'png', photo_png=png_hdr(w=4000, h=3000))
case('non-character', en_yaml=EN.replace('intro: Hello.', 'intro: Hello\uffff.'))
case('c1-control', en_yaml=EN.replace('intro: Hello.', 'intro: Hello\u0085.'))
case('binary-garbage', en_yaml=bytes(random.Random(20240601).getrandbits(8) for _ in range(4096)))
case('flag-emoji', en_yaml=EN.replace('intro: Hello.', 'intro: Made in the \U0001F1FA\U0001F1F8 today.'))
case('long-email', en_yaml=EN + '    orgs:\n      contacts: Help\n      entries:\n        one:\n          name: Org\n'
     '          email: ' + 'a' * 120 + '@example.org\n')
case('image-bigger-than-panel', en_yaml=IMG % 'png', photo_png=png_hdr(w=200, h=2000),
     brochure_yaml=BRO + '  inside-middle:\n    content: [{flow: body}]\n  inside-right:\n    content: [{flow: body}]\n')
# markup that leaves no text, literal leftovers, lone headings: accepted (status 0), never a crash
case('many-asterisks', status=0, en_yaml=EN.replace('intro: Hello.', 'intro: "' + '*' * 5000 + '"'))
case('many-asterisks-odd', en_yaml=EN.replace('intro: Hello.', 'intro: "' + '*' * 4999 + '"'))
case('nested-markup', status=0, en_yaml=EN.replace('intro: Hello.', 'intro: "' + '***a ' * 100 + '"'))
case('unbalanced-link', status=0, en_yaml=EN.replace('intro: Hello.', 'intro: "[link](https://example.org and more"'))
case('only-spaces', status=0, en_yaml=EN.replace('intro: Hello.', 'intro: "     "'))
case('only-heading', status=0, brochure_yaml=BRO + '  back:\n    content: [{story: side}]\n', en_yaml=EN + '  side:\n    h: {heading: Only a heading}\n')
case('plan-empty', status=0, brochure_yaml=BRO.split('plan:')[0] + 'plan: {}\n')
case('plan-panel-empty', status=0, brochure_yaml=BRO.split('plan:')[0] + 'plan:\n  cover:\n    content: []\n')
case('translation-no-base', args='check @DIR@ --lang es', brochure_yaml=ES, en_yaml=ABSENT,
     es_yaml='lang: es\nstories:\n  body:\n    intro: Hola.\n')
case('translation-no-main-text', args='check @DIR@ --lang es', brochure_yaml=ES,
     en_yaml=EN + '    list: {list: , items: [One.]}\n', es_yaml='lang: es\nstories:\n  body:\n    list: Texto.\n')
case('translation-image-change', args='check @DIR@ --lang es', brochure_yaml=ES, en_yaml=IMG % 'png', photo_png=png_hdr(),
     es_yaml='lang: es\nstories:\n  body:\n    photo: {image: otra.png}\n')
case('translation-width', args='check @DIR@ --lang es', brochure_yaml=ES, en_yaml=IMG % 'png', photo_png=png_hdr(),
     es_yaml='lang: es\nstories:\n  body:\n    photo: {alt: Una foto., width: 0.5}\n')
case('translation-typo', args='check @DIR@ --lang es', brochure_yaml=ES,
     es_yaml='lang: es\nstories:\n  body:\n    intor: Hola.\n')
case('yaml-not-regular', en_yaml=('symlink', '/dev/null'))
case('usage-bad-fold', status=2, args='build @DIR@ --fold accordion')
case('usage-missing-value', status=2, args='build @DIR@ -o')
case('usage-unknown-option', status=2, args='build @DIR@ --colour red')
case('usage-extra-arg', status=2, args='build @DIR@ other')
case('not-a-folder', args='check @DIR@/brochure.yaml')
case('missing-top-key', brochure_yaml=BRO.split('plan:')[0])
case('image-not-regular', en_yaml=IMG % 'png', photo_png=('symlink', '/dev/null'))
case('key-not-scalar', en_yaml=EN.replace('    intro: Hello.', '    ? [intro]\n    : Hello.'))
case('alias', en_yaml=EN.replace('intro: Hello.', 'intro: *hello'))
case('escaped-bidi', en_yaml=EN.replace('intro: Hello.', 'intro: "Hello \\u202Egnp.exe"'))
case('syntax-error-plain', en_yaml=EN.replace('intro: Hello.', 'intro: Hello: again.'))
case('languages-bad-tag', brochure_yaml=BRO.replace('base: en\n', 'base: en\nlanguages: [en, "../es"]\n'))
# taller than tf_sp can count (32767 pt): must fail cleanly, never wrap to "fits"
case('huge-para-72pt', brochure_yaml=bro_theme('  text: {size: 72pt}\n'), en_yaml=EN.replace('intro: Hello.', 'intro: ' + ' '.join(['word'] * 3270)))
case('image-thin-strip', en_yaml=EN + '    photo: {image: photo.png, alt: A photo., width: 0.05}\n', photo_png=png_hdr(w=1, h=5000))
# PDF/UA: an image with no alt text is an error (alt: "" marks decoration)
case('image-no-alt', en_yaml=EN + '    photo: {image: photo.png, width: 0.5}\n', photo_png=png())
# each fold names its own panels: a roll-fold name on a Z-fold (and the
# reverse) is an error naming the panel in its place; fold_in is a roll fold's
ZBRO = BRO.replace('base: en\n', 'base: en\nsheet:\n  paper: a4\n  fold: z\n')
case('zfold-roll-panels', brochure_yaml=ZBRO + '  flap:\n    content: [{story: cover2}]\n  back:\n    content: [{story: cover3}]\n',
     en_yaml=EN + '  cover2:\n    x: {credit: Small print.}\n  cover3:\n    y: {credit: More print.}\n')
case('roll-zfold-panel', brochure_yaml=BRO + '  outside-middle:\n    content: [{story: cover2}]\n',
     en_yaml=EN + '  cover2:\n    x: {credit: Small print.}\n')
case('zfold-fold-in', brochure_yaml=ZBRO.replace('  fold: z\n', '  fold: z\n  fold_in: 95mm\n'))

only = sys.argv[1:]
for name, (files, args, status) in cases.items():
    if only and name not in only: continue
    d = os.path.join(ROOT, name)
    os.makedirs(d, exist_ok=True)
    for fn, content in files.items():
        p = os.path.join(d, fn.replace('_otf', '.otf'))
        if content == ('absent',):
            continue
        if isinstance(content, tuple) and content[0] == 'symlink':
            if os.path.lexists(p): os.remove(p)
            os.symlink(content[1], p)
            continue
        if content is None:
            os.makedirs(p, exist_ok=True)
            open(os.path.join(p, '.keep'), 'w').close()
            continue
        if isinstance(content, str):
            content = content.encode('utf-8', 'surrogateescape') if '\xff' not in content and '\xc3\x28' not in content else content.encode('latin-1')
        open(p, 'wb').write(content)
    if args: open(os.path.join(d, 'args'), 'w').write(args + '\n')
    if status is not None: open(os.path.join(d, 'status'), 'w').write('%d\n' % status)
print(len(cases))
