// widget: a small UI package, as a real one would be (a badge, a counter), that the app mounts in an element of its
// page next to its own content. Each export after `mount` is one attack on the page around it (THREATS.md rows 62-70
// and realm creation); the app calls them and judges, in its own unconfined code, what they got.
export {
  csrfThroughRootHas, sessionThroughAncestor, csrfThroughSibling, sessionThroughIs, sessionThroughNot, csrfThroughWhereSibling, sessionThroughNestedNot, csrfThroughQuerySelector, csrfThroughClosest, pageLanguage, typingInTheForm, positionAmongApp, closestAppElement, documentQuery, documentById, listenForKeys, listenForKeysOnWindow, listenForInput, listenForClicks, keepAHandle,
  editableAncestor, nextSiblingThroughHas, nthChildOf, sessionThroughEscapes, rootOffsetParent, rootParentElement, rootGetRootNode, appInputForm, treeWalker, elementFromPoint, takeAndKeep,
} from './sight.js';
export {
  keepBadge, labelForPay, buttonForLogin, buttonInsideAppForm, inputJoinsAppForm, popoverTargetAppMenu, commandForAppMenu, ariaLabelledByPay, fragmentLinkToPay, linkCarriesData, badgeAfter, badgeBefore, badgeReplaceWith, badgeAdjacentHtml, badgeParentAppend, clobberById, clobberThroughHtml, clobberBeforeAttach, idThenAppGlobal, nonBubblingEvent, customEventToApp, protoDispatch, clickReachesApp, focusReachesApp, changeReachesApp, stealFocus,
  takeAppLinkAndClick, cloneAppLinkAndClick, clickInsideAppLink, clickInsideAppLabel, execCommandHtml, clickInsideGivenLink, labelForAppControl, imageIdClobbersForm, legacyFocusEvent, stealFocusThroughLabel,
} from './action.js';
export {
  coverWithAbsolute, coverWithNegativeMargin, coverWithTransform, coverWithTheRoot, coverFromTheTopLayer, svgFillUrl, svgMaskUrl, svgFilterUrl, svgCursorUrl, svgStyleUrl, styleAttributeUrl, styleImageSet, imageSrcset, readImagePixels, readImageDataUrl, readAppCanvas,
  coverWithAppClass, coverFromInlineRoot, coverFromBadge, uncontainTheRoot, styleEscapedUrl, htmlImageBeacon, takeAppCanvasAndRead, coverChildWithAppClass, keepStyle, keepContext, restyleTakenNode,
} from './paint.js';
export { movablePanel, ownStyledBadge, sessionThroughStylesheet, toastForTheApp } from './styles.js';
export {
  realmAppendChild, realmUpperCaseTag, realmCreateElementNS, realmInnerHtml, realmNamedAccess, realmAdjacentHtml, realmOuterHtml, realmInlineHandler, realmObject, realmSvgForeignObject, realmTemplate, realmIndexedFrame, realmFromDocumentView, realmContextualFragment, realmShadowRoot, frameInRoot, domExceptionPrototype,
} from './realms.js';
export {
  disabledByAppFieldset, enabledByAppFieldset, ownDisabledKept, lateFormField, lateLabelFor, latePopoverTarget, lateCommandFor,
  anchorNameInStyle, anchorNameInStylesheet, viewTransitionAppName, viewTransitionCover, readThroughPattern, disguisedBlobUrl,
} from './round6.js';
export { radioJoinsAppGroup, radioHtmlJoinsAppGroup, radioTypeAfterName, radioSpyArm, radioSpyRead, tabFirst, timelineNameInStyle, timelineNameInStylesheet } from './round7.js';
export {
  counterIncrementInStyle, counterIncrementInStylesheet, counterSetInStyle, quoteDepthInStylesheet, counterReadsApp, idBeforeApp,
  documentSelection, windowSelection, caretFromPoint, scrollPageToOwn, animateAppRoot, inertAppRoot,
} from './round8.js';
export { ownIdsWork, idPropertyBeforeApp, idHtmlBeforeApp, idCloneBeforeApp, idTargetBeforeApp, gradientBeforeApp } from './round9.js';

/** The innocent part: draws a badge in the element it is given and hands the badge back. */
export function mount(root, label = 'new') {
  const badge = document.createElement('span');
  badge.className = 'widget-badge';
  badge.textContent = label;
  root.appendChild(badge);
  return badge;
}
