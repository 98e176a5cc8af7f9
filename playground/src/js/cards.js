// Adaptive Cards (schema 1.3) rendered with the official `adaptivecards` package, loaded as a
// classic script (window.AdaptiveCards), with a host config close to the Webex app's look.
import { renderCardMarkdown } from './markdown.js';

const AC = globalThis.AdaptiveCards;

const FONT = '"CiscoSansTT Regular", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif';

const foreground = {
  default: { default: '#121212', subtle: '#545454' },
  dark: { default: '#121212', subtle: '#545454' },
  light: { default: '#FFFFFF', subtle: '#DEDEDE' },
  accent: { default: '#1170CF', subtle: '#0A78CC' },
  good: { default: '#1D805F', subtle: '#24AB31' },
  warning: { default: '#C46200', subtle: '#D6801A' },
  attention: { default: '#D93829', subtle: '#E5482E' },
};

export const webexHostConfig = {
  hostCapabilities: { capabilities: null },
  choiceSetInputValueSeparator: ',',
  supportsInteractivity: true,
  fontFamily: FONT,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#DEDEDE' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 700 },
  lineHeights: { small: 16, default: 20, medium: 22, large: 26, extraLarge: 30 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: foreground },
    emphasis: { backgroundColor: '#F7F7F7', foregroundColors: foreground },
    accent: { backgroundColor: '#E7F1FD', foregroundColors: foreground },
    good: { backgroundColor: '#E6F6EF', foregroundColors: foreground },
    attention: { backgroundColor: '#FDECEA', foregroundColors: foreground },
    warning: { backgroundColor: '#FEF3E5', foregroundColors: foreground },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
    iconPlacement: 'leftOfTitle',
    iconSize: 16,
  },
  adaptiveCard: { allowCustomStyle: true },
  imageSet: { imageSize: 'medium', maxImageHeight: 100 },
  factSet: {
    title: { color: 'default', size: 'default', isSubtle: false, weight: 'bolder', wrap: true, maxWidth: 160 },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 8,
  },
  inputs: {
    label: {
      inputSpacing: 'small',
      requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' },
      optionalInputs: { weight: 'bolder' },
    },
    errorMessage: { color: 'attention', size: 'small' },
  },
};

let configured = false;
function configure() {
  if (configured) return;
  configured = true;
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = renderCardMarkdown(text);
    result.didProcess = true;
  };
}

export function isAdaptiveCard(attachment) {
  return attachment && attachment.contentType === 'application/vnd.microsoft.card.adaptive' && attachment.content;
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * What Webex sends as an attachment action's `inputs`: the action's `data` object merged with the
 * values of the card's inputs (input ids win), every value a string.
 */
export function submitInputs(action) {
  const inputs = {};
  // when the library calls onExecuteAction, action.data is its own data object plus the inputs that
  // have a value; inputs left empty are added below as "" (Webex sends every input of the card)
  const data = action.data;
  if (isPlainObject(data)) Object.assign(inputs, JSON.parse(JSON.stringify(data)));
  const referenced = typeof action.getReferencedInputs === 'function' ? action.getReferencedInputs() : undefined;
  for (const input of Object.values(referenced ?? {})) {
    if (!input.id) continue;
    const value = input.value;
    inputs[input.id] = value === undefined || value === null ? '' : String(value);
  }
  return inputs;
}

/**
 * Renders a card into a new element.
 * @param {object} content the card JSON
 * @param {{onSubmit: (inputs: object, action: any) => void, onOpenUrl?: (url: string) => void}} handlers
 * @returns {HTMLElement} the rendered card
 * @throws when the card cannot be parsed or rendered (the caller shows the fallback text)
 */
export function renderCard(content, handlers) {
  if (!AC) throw new Error('adaptivecards library not loaded');
  configure();
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(webexHostConfig);
  card.onExecuteAction = action => {
    const type = action.getJsonTypeName();
    if (type === 'Action.Submit' || type === 'Action.Execute') {
      handlers.onSubmit(submitInputs(action), action);
    } else if (type === 'Action.OpenUrl') {
      const url = action.url;
      if (handlers.onOpenUrl) handlers.onOpenUrl(url);
      else window.open(url, '_blank', 'noopener,noreferrer');
    }
  };
  const context = new AC.SerializationContext(AC.Versions.v1_3);
  card.parse(content, context);
  const el = card.render();
  if (!el) throw new Error('the card rendered nothing');
  el.classList.add('webex-card');
  // tag the buttons with their action type (for tests and styling)
  for (const action of card.getAllActions()) {
    action.renderedElement?.setAttribute('data-ac-action', action.getJsonTypeName());
  }
  return el;
}
